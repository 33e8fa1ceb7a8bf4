"""Reading and opening the records that point to others, the same way everywhere:
the counts of a smart button in one query, and the list a smart button opens."""


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
