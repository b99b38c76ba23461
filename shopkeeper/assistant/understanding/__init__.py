"""Understanding a question: which tool it asks for (by meaning), and its slots.

- `examples`: per-tool example utterances (prompts/intents/<tool>.yaml) and their vectors,
  cached on disk keyed by the examples' hash.
- `classifier`: question -> ranked readings with a calibrated confidence.
- `dates`, `amounts`: periods and numbers out of the text.
- `subjects`: which product, category, supplier or customer a question is about.
"""
