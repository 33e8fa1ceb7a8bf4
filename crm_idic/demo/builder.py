from .world import DemoWorld


def build(env):
    """The demo data of crm_idic: the company, its sales force, products,
    customers, orders, invoices, leads and segments (demo/crm_idic_demo.xml)."""
    DemoWorld(env).load()
