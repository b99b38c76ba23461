"""What Corner Pantry sells: the demo catalogue as compact text, parsed by `catalogue.py`.

A section header is ``[Category | SKU prefix | default supplier | weekly profile]``. A line is
``name | price EUR | typical units/day | tags``. ``{a, b, c}`` in a name expands to one product
per variant; later variants sell less (see `catalogue.VARIANT_DECAY`). A line ending in a
comma continues on the next line. Tags:

- season: ``summer:A`` / ``winter:A`` (yearly cosine, amplitude A), ``christmas``, ``easter``,
  ``carnival``, ``plum``, ``gift`` (December peak), ``nye`` (New Year's Eve peak)
- ``lumpy:S`` rare purchases of about S units at once; ``multi`` several units per line
- ``trend:+0.35`` relative change per year; ``aff:GROUP`` bought together with its group
- ``new`` launched in the last 60 days; ``late`` launched during the history; ``disc`` discontinued
- ``sup:KEY`` another supplier than the section's; ``wk:PROFILE`` another weekly profile
"""

SPEC = """
[Dairy & Alternatives | DAI | dairy | grocery]
Whole Milk 1L | 1.29 | 16 | trend:-0.12 aff:coffee
Semi-Skimmed Milk 1L | 1.19 | 6 | trend:-0.05
Organic Whole Milk 1L | 1.69 | 4 | trend:-0.04
Lactose-Free Milk 1L | 1.59 | 2.5
Whole Milk 500ml | 0.89 | 1.5 | disc
Oat Milk Barista 1L | 2.49 | 12 | trend:+0.35 aff:coffee
Oat Milk 1L | 1.99 | 5 | trend:+0.25
Oat Milk Barista Organic 1L | 2.89 | 3 | new aff:coffee
Soy Milk 1L | 1.89 | 2 | trend:+0.05
Soy Milk Vanilla 1L | 2.19 | 0.6 | disc
{Almond Milk, Coconut Drink, Rice Drink} 1L | 2.69 | 1.8 | trend:+0.08
Butter 250g | 2.39 | 6 | aff:breakfast
{Salted Butter, Vegan Butter} 250g | 2.79 | 1.6 | aff:breakfast
{Greek Yogurt, Natural Yogurt, Skyr} 500g | 2.29 | 3 | aff:breakfast
Fruit Yogurt {Strawberry, Peach, Blueberry, Cherry} 150g | 0.89 | 3 | multi aff:breakfast
Quark 250g | 0.99 | 1.5
{Whipping Cream 200ml, Crème Fraîche 200g, Sour Cream 200g,
    Mascarpone 250g} | 1.49 | 1.5 | winter:0.2
{Gouda Young Sliced 150g, Emmental 200g, Camembert 125g,
    Mozzarella 125g} | 2.99 | 2.4 | aff:aperitivo
{Feta 200g, Goat Cheese 150g, Cheddar Mature 200g, Halloumi 225g} | 3.29 | 1.2 | aff:aperitivo
{Parmigiano Reggiano, Comté, Gruyère, Pecorino Romano} 200g | 5.49 | 0.8 | aff:aperitivo
Free-Range Eggs 6 Pack | 2.49 | 4 | aff:breakfast
{Free-Range Eggs 10 Pack, Organic Eggs 6 Pack} | 3.59 | 2 | aff:breakfast

[Bakery | BAK | bakery | bakery]
Croissant | 1.60 | 34 | multi aff:breakfast
Pain au Chocolat | 1.90 | 13 | multi aff:breakfast
Almond Croissant | 2.60 | 5 | aff:coffee
Pistachio Cream Croissant | 3.20 | 6 | new aff:coffee
Butter Pretzel | 1.80 | 10 | multi wk:commute
Sourdough Loaf | 5.20 | 9 | aff:breakfast
{Rye Bread 750g, Spelt Loaf, Wholemeal Toast Loaf, Brioche Loaf} | 4.40 | 3.5
{Baguette, Ciabatta, Focaccia Rosemary} | 2.60 | 6 | aff:aperitivo
{Kaiser Roll, Multigrain Roll, Poppy Seed Roll, Pumpkin Seed Roll} | 0.60 | 12 | multi wk:weekend
Bagel {Plain, Sesame, Everything} | 1.40 | 3 | multi
{Cinnamon Roll, Cardamom Bun} | 2.80 | 6 | aff:coffee
{Blueberry Muffin, Chocolate Muffin} | 2.60 | 4 | aff:coffee
Chocolate Chip Cookie | 2.20 | 5 | multi aff:coffee
{Brownie, Cheesecake Slice, Apple Strudel Slice,
    Banana Bread Slice, Carrot Cake Slice} | 3.20 | 3 | aff:coffee
Plum Cake Slice | 2.90 | 3 | plum aff:coffee
Berliner Doughnut | 1.50 | 4 | carnival multi
Birthday Cake Whole 24cm | 34.00 | 0.2 | lumpy:1.6

[Coffee & Tea | COF | roastery | grocery]
Coffee Beans {Espresso, House Blend, Decaf, Colombia Huila, Ethiopia Yirgacheffe,
    Brazil Santos, Guatemala Antigua, Kenya AA} 250g | 7.90 | 3.5 | winter:0.15 aff:coffee
Coffee Beans {Espresso, House Blend, Decaf,
    Colombia Huila} 1kg | 24.90 | 1.4 | winter:0.15 aff:coffee
Ground Coffee {House Blend, Espresso, Decaf} 250g | 6.90 | 2 | winter:0.15 aff:coffee
Cold Brew Concentrate 500ml | 8.90 | 1 | summer:0.7
Tea {Earl Grey, English Breakfast, Green Sencha, Chamomile, Peppermint, Rooibos Vanilla,
    Masala Chai, Jasmine Green, Berry Infusion, Ginger Lemon} 20 Bags | 3.49 | 2 | winter:0.4
Loose Leaf Tea {Darjeeling, Assam, Sencha} 100g | 6.90 | 0.5 | winter:0.3
Matcha Powder 30g | 9.90 | 0.6 | trend:+0.30
Matcha Latte Powder 100g | 8.90 | 1.2 | new
{Hot Chocolate Powder, Chai Latte Powder} 250g | 5.49 | 1.2 | winter:0.8
Christmas Tea 20 Bags | 3.99 | 1.5 | christmas
Coffee Filter Papers 100 | 2.49 | 0.5 | aff:coffee
Coffee Machine Descaler 500ml | 6.49 | 0.3
{Moka Pot 3 Cup, French Press 350ml, Manual Coffee Grinder} | 29.90 | 0.07 | gift
Reusable Cup 350ml | 14.90 | 0.15 | gift

[Pantry | PAN | mercato | grocery]
Olive Oil Extra Virgin 500ml | 8.90 | 2.5 | aff:pasta
Olive Oil Extra Virgin 1L | 15.90 | 1 | aff:pasta
Balsamic Vinegar of Modena 250ml | 4.90 | 0.8 | aff:aperitivo
Pasta {Spaghetti, Penne, Fusilli, Rigatoni, Linguine, Orecchiette} 500g | 2.49 | 3 | aff:pasta
Egg Tagliatelle 250g | 3.49 | 1 | aff:pasta
{Passata 700g, Chopped Tomatoes 400g, Tomato Paste 200g} | 1.99 | 2.5 | aff:pasta
{Pesto Genovese, Pesto Rosso} 190g | 3.99 | 1.5 | aff:pasta
Arrabbiata Sauce 350g | 3.79 | 0.8 | aff:pasta
{Arborio Risotto Rice, Basmati Rice} 1kg | 3.99 | 0.8
{Red Lentils 500g, Chickpeas 400g, Cannellini Beans 400g, Couscous 500g, Quinoa 500g,
    Polenta 500g} | 1.99 | 0.9 | winter:0.2
{Wheat Flour Type 405, Spelt Flour Type 630} 1kg | 1.49 | 1 | winter:0.4
{Sugar 1kg, Cane Sugar 500g, Sea Salt 500g} | 1.49 | 0.8
Black Pepper Mill 50g | 3.49 | 0.4
Honey Wildflower 500g | 6.90 | 1.2 | aff:breakfast
Jam {Strawberry, Apricot, Sour Cherry} 340g | 3.49 | 1.2 | aff:breakfast
Orange Marmalade 340g | 3.49 | 0.6 | aff:breakfast
{Crunchy Peanut Butter 350g, Hazelnut Spread 400g} | 3.99 | 1.2 | aff:breakfast
Maple Syrup 250ml | 8.90 | 0.4 | aff:breakfast
{Rolled Oats 500g, Granola Honey Nut 500g, Bircher Muesli 750g,
    Cornflakes 375g} | 2.99 | 1.5 | aff:breakfast
{Kalamata Olives, Green Olives} 200g | 3.49 | 1.5 | aff:aperitivo
{Capers 100g, Sun-Dried Tomatoes 280g, Artichoke Hearts 280g,
    Grilled Peppers 280g} | 3.99 | 0.6 | aff:aperitivo
{Tuna in Olive Oil 160g, Sardines 120g, Anchovies 50g} | 3.29 | 0.8
{Tomato Soup, Lentil Soup, Pumpkin Soup} 400ml | 3.49 | 0.8 | winter:0.6
Chili Oil Crunch 200g | 6.90 | 0.7 | late
Harissa Paste 100g | 2.99 | 0.3
Vegetable Stock Cubes 8 | 1.79 | 0.6 | winter:0.3
Truffle Oil 100ml | 11.90 | 0.1 | gift

[Snacks & Sweets | SNK | wholesale | grocery]
Dark Chocolate 70% 100g | 2.99 | 4 | sup:mercato winter:0.2 aff:coffee
Dark Chocolate {85%, Sea Salt, Orange, Chili} 100g | 3.29 | 1.5 | sup:mercato winter:0.2
{Milk Chocolate Hazelnut, White Chocolate Raspberry,
    Oat Milk Chocolate} 100g | 2.99 | 1.5 | sup:mercato
Pistachio Chocolate Bar 100g | 5.99 | 4 | new sup:mercato
Crisps {Sea Salt, Salt & Vinegar, Paprika,
    Sour Cream & Onion} 150g | 2.29 | 3 | summer:0.2 aff:aperitivo
{Tortilla Chips, Salted Pretzels} 200g | 1.99 | 1.5 | aff:aperitivo
{Roasted Cashews 150g, Almonds 200g, Salted Peanuts 200g,
    Pistachios 150g, Trail Mix 200g} | 3.49 | 1 | aff:aperitivo
{Cantuccini 200g, Butter Biscuits 200g, Oat Cookies 175g,
    Shortbread 150g, Amaretti 200g} | 2.99 | 1.2 | sup:mercato aff:coffee
{Gummy Bears, Liquorice, Wine Gums} 200g | 1.49 | 1.5
Chewing Gum Mint | 1.29 | 2 | wk:commute
{Protein Bar Peanut 55g, Oat Bar 40g} | 1.99 | 2.5 | wk:commute
Rice Cakes 100g | 1.29 | 0.8 | disc
Ice Cream {Vanilla, Chocolate, Strawberry, Pistachio,
    Salted Caramel} 500ml | 4.99 | 1.5 | sup:dairy summer:0.9
Ice Lolly {Lemon, Mango, Raspberry} | 1.80 | 4 | sup:dairy summer:0.95 multi
Ice Cream Sandwich | 2.50 | 1.5 | sup:dairy summer:0.95

[Drinks | DRK | wholesale | grocery]
Still Water {500ml, 1.5L} | 0.99 | 8 | summer:0.5 multi
Sparkling Water {500ml, 750ml Glass} | 1.09 | 6 | summer:0.5 multi
{Orange Juice, Apple Juice} 1L | 2.49 | 3 | aff:breakfast
Apple Spritzer 500ml | 1.49 | 4 | summer:0.6
Lemonade {Lemon, Elderflower, Rhubarb} 330ml | 1.89 | 3 | summer:0.7
Iced Tea {Peach, Lemon} 500ml | 1.79 | 3 | summer:0.8
{Cola, Cola Zero} 330ml | 1.49 | 4 | summer:0.3
Mate Soda 500ml | 2.19 | 4 | summer:0.3 wk:commute
{Ginger Beer 330ml, Tonic Water 200ml} | 1.59 | 1.2 | aff:aperitivo
Kombucha {Original, Ginger} 330ml | 2.99 | 1.5 | trend:+0.20
Kombucha Passionfruit 330ml | 2.99 | 1.5 | new
Cold Brew Can 250ml | 2.99 | 2.5 | summer:0.7 sup:roastery
Cold Brew Oat Latte 250ml | 3.29 | 2 | new summer:0.5 sup:roastery
Energy Drink 250ml | 1.99 | 1.5 | disc
{Pilsner, Wheat Beer} 500ml | 1.49 | 3 | summer:0.4 aff:aperitivo
Alcohol-Free Beer 330ml | 1.39 | 1.5 | trend:+0.15 summer:0.4
Radler 500ml | 1.49 | 1.5 | summer:0.9
{Montepulciano Red Wine, Grüner Veltliner White Wine} 750ml | 8.90 | 1.5 | sup:mercato aff:aperitivo
Rosé Wine 750ml | 8.90 | 0.8 | sup:mercato summer:0.7 aff:aperitivo
Prosecco 750ml | 9.90 | 1 | sup:mercato nye
Smoothie {Mango, Berry, Green} 250ml | 2.99 | 2 | summer:0.3 wk:commute

[Seasonal & Gifts | SEA | mercato | grocery]
Christmas Stollen 750g | 14.90 | 3 | christmas sup:bakery
Panettone 1kg | 16.90 | 2.5 | christmas
Pandoro 750g | 13.90 | 1 | christmas
Lebkuchen Assorted 200g | 4.49 | 3 | christmas
{Spekulatius 200g, Dominosteine 250g, Gingerbread Hearts 150g,
    Marzipan Potatoes 100g} | 3.49 | 2 | christmas
Chocolate Santa 100g | 2.99 | 2 | christmas
Advent Calendar Chocolate | 9.90 | 2 | christmas
Mulled Wine 1L | 4.99 | 2.5 | christmas sup:wholesale
Mulled Wine Spice Mix | 3.49 | 0.5 | christmas sup:roastery
Roasted Chestnuts 100g | 2.99 | 1 | christmas
{Chocolate Easter Bunny 100g, Mini Chocolate Eggs 150g} | 2.99 | 3 | easter
Colomba Easter Cake 750g | 13.90 | 0.8 | easter
Easter Egg Dye Kit | 2.99 | 0.8 | easter sup:wholesale
Gift Box Small | 24.90 | 0.3 | gift lumpy:4
Gift Box Medium | 39.90 | 0.2 | gift lumpy:4
Gift Box Large | 59.90 | 0.12 | gift lumpy:5
Deli Hamper Deluxe | 89.00 | 0.05 | gift lumpy:3
Greeting Card | 2.99 | 1 | gift
Corner Pantry Tote Bag | 9.90 | 0.3 | gift

[Household | HOU | wholesale | grocery]
{Dish Soap 500ml, Hand Soap 300ml} | 2.49 | 0.8
Kitchen Roll 4 Pack | 3.49 | 0.8
Toilet Paper 8 Rolls | 4.99 | 1
{Bin Bags 20L, Freezer Bags 3L, Aluminium Foil 30m, Baking Paper 10m, Cling Film 30m} | 2.49 | 0.5
Eco Sponges 3 Pack | 2.99 | 0.4
Laundry Detergent 1.5L | 7.99 | 0.3
Paper Napkins 50 | 1.99 | 0.6 | summer:0.3
Tealight Candles 50 Pack | 4.99 | 0.5 | winter:0.6
Matches 10 Boxes | 1.49 | 0.3 | winter:0.3
Batteries AA 4 Pack | 4.99 | 0.4
LED Bulb E27 | 5.99 | 0.15
Reusable Shopping Bag | 1.50 | 1
Beeswax Wraps 3 Pack | 12.90 | 0.1 | gift
Sunscreen SPF 30 100ml | 9.90 | 0.8 | summer:1.0
{After Sun Lotion 200ml, Insect Repellent Spray 100ml} | 7.90 | 0.3 | summer:1.0
BBQ Charcoal 3kg | 7.49 | 0.6 | summer:1.0
Picnic Plates 20 Pack | 3.49 | 0.3 | summer:0.9
"""
