"""The database: models, engine and sessions."""

from shopkeeper.core.store import alert_models as alert_models  # registers the alerts table
from shopkeeper.core.store import crm_models as crm_models  # registers the CRM tables
