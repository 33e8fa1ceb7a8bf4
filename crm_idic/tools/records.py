"""Reading and opening the records that point to others, the same way everywhere:
the counts of a smart button in one query, and the list a smart button opens; the
records an addon ships, in every language before they are copied."""

from odoo.tools import SQL


def count_by(model, field, records, domain=()):
    """How many records of ``model`` point through ``field`` to each of
    ``records`` (and match ``domain``), in one query: ``{record: count}``, without
    the records nothing points to."""
    return dict(
        model._read_group([(field, "in", records.ids), *domain], [field], ["__count"])
    )


def window_action(env, xmlid, domain, **context):
    """The window action ``xmlid`` on the records of ``domain``; ``context``, when
    given, replaces the action's own (defaults of a record created from it)."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    if context:
        action["context"] = context
    return action


def linked_action(record, xmlid, field, **context):
    """The window action ``xmlid`` on the records whose ``field`` points to
    ``record`` (one record: the list behind a smart button)."""
    record.ensure_one()
    return window_action(record.env, xmlid, [(field, "=", record.id)], **context)


def act_window(res_model, view_mode, **keys):
    """A window action on ``res_model``; ``keys`` are the action's other keys
    (``name``, ``res_id``, ``domain``, ``target``, ``context``, ``views``), those
    not None only."""
    action = {"type": "ir.actions.act_window", "res_model": res_model}
    action["view_mode"] = view_mode
    action.update((key, value) for key, value in keys.items() if value is not None)
    return action


def form_action(record, **keys):
    """The form of ``record``."""
    return act_window(record._name, "form", res_id=record.id, **keys)


def dialog_action(res_model, context, name=None, **keys):
    """A new record of ``res_model`` (a wizard) in a dialog, its defaults in
    ``context``. Give ``name`` after any tuple of the call (a domain, views):
    babel reads a tuple after a ``_()`` call as another call and would extract
    its strings."""
    return act_window(
        res_model, "form", target="new", context=context, name=name, **keys
    )


def list_action(res_model, domain, name, view_mode="list", **keys):
    """The records of ``res_model`` in ``domain`` (``name`` after the domain, for
    babel, as in :func:`dialog_action`)."""
    return act_window(res_model, view_mode, domain=domain, name=name, **keys)


def with_shipped_terms(records, module, field="name"):
    """``records``, shipped by ``module``, once they hold ``module``'s
    translations of ``field`` in every installed language: a module's data is
    loaded before its translations, and a copy made at install time (for each
    company) would otherwise be in English only."""
    env = records.env
    langs = [code for code, _name in env["res.lang"].get_installed()]
    langs = [code for code in langs if code != "en_US"]
    if not langs or not records:
        return records
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT %s FROM %s WHERE id = ANY(%s)",
            SQL.identifier(field),
            SQL.identifier(records._table),
            records.ids,
        )
    )
    if all(set(langs) <= set(value or {}) for (value,) in env.cr.fetchall()):
        return records
    env["ir.module.module"]._load_module_terms([module], langs)
    env.invalidate_all()
    return records


def fill_copies_terms(cr, model, module, field="name"):
    """An upgrade's repair of the copies made at install time in English only:
    each record of ``model`` whose English ``field`` is that of a record
    ``module`` ships gets the shipped record's translations it lacks (its own
    stay)."""
    table = model.replace(".", "_")
    cr.execute(
        SQL(
            """
            UPDATE %(table)s copy
               SET %(field)s = shipped.%(field)s || copy.%(field)s
              FROM %(table)s shipped
              JOIN ir_model_data data
                ON data.res_id = shipped.id AND data.model = %(model)s
                   AND data.module = %(module)s
             WHERE copy.id != shipped.id
               AND copy.%(field)s ->> 'en_US' = shipped.%(field)s ->> 'en_US'
            """,
            table=SQL.identifier(table),
            field=SQL.identifier(field),
            model=model,
            module=module,
        )
    )
