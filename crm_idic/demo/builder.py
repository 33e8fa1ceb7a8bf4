from .world import DemoWorld, demo_env


def build(env):
    """The demo data of crm_idic: the company, its sales force, products,
    customers, orders, invoices, leads and segments (demo/crm_idic_demo.xml), and
    Vietnam's public holidays in the company's working calendar."""
    DemoWorld(env).load()
    company = demo_env(env).company
    company.idic_public_holidays = True
    env["resource.calendar"]._cron_load_public_holidays()
    return company
