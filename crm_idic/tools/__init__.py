from . import scoring
from . import sql
