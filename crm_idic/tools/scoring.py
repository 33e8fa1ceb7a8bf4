"""The IDIC formulas, as pure functions of plain values.

The profile recompute gathers the numbers set-based in SQL, then calls these
functions row by row in memory; tests call them directly. Each component is a
score from 0 to 100.
"""

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential loyalist"),
    ("new", "New"),
    ("need_attention", "Needs attention"),
    ("at_risk", "At risk"),
    ("hibernating", "Hibernating"),
    ("no_purchase", "No purchase"),
]

VALUE_TIERS = [
    ("mvc", "Most valuable"),
    ("mgc", "Most growable"),
    ("standard", "Standard"),
    ("bz", "Below zero"),
]

# A customer whose first order is this recent, with few orders, is "new".
NEW_CUSTOMER_DAYS = 90
# Growth that makes a customer "most growable": last 6 months ≥ 1.2 × the 6 before.
GROWTH_RATIO = 1.2
DUPLICATE_PENALTY = 20.0
TIER_BONUS = {"mvc": 15.0, "mgc": 10.0, "standard": 5.0, "bz": 0.0}


def clamp(value, low=0.0, high=100.0):
    return max(low, min(high, value))


def rfm_segment(frequency, r_score, f_score, m_score, first_order_days):
    """Label of a customer from its RFM scores (1-5; 0 without counted orders)."""
    if not frequency:
        return "no_purchase"
    if first_order_days is not None and first_order_days <= NEW_CUSTOMER_DAYS:
        if frequency <= 2:
            return "new"
    if r_score >= 4 and f_score >= 4 and m_score >= 4:
        return "champions"
    if f_score >= 4 and r_score >= 3:
        return "loyal"
    if r_score <= 2 and f_score >= 3:
        return "at_risk"
    if r_score <= 2:
        return "hibernating"
    if r_score >= 4:
        return "potential"
    return "need_attention"


def value_tier(has_invoices, revenue_invoiced, m_score, f_score, prev6, last6):
    """Value tier as the IDIC model defines it (see the issue's rules, in order)."""
    if has_invoices and revenue_invoiced <= 0:
        return "bz"
    if m_score == 5:
        return "mvc"
    if f_score >= 4 or (prev6 > 0 and last6 >= GROWTH_RATIO * prev6):
        return "mgc"
    return "standard"


def identify_score(weights_got, weights_possible, has_duplicates):
    """Completeness of the profile's weighted fields, lowered by possible duplicates."""
    if weights_possible <= 0:
        return 0.0
    score = 100.0 * weights_got / weights_possible
    if has_duplicates:
        score -= DUPLICATE_PENALTY
    return round(clamp(score), 2)


def differentiate_score(r_score, f_score, m_score, tier, categories, needs):
    """Value (RFM, 70 points), tier (15) and known needs (15)."""
    value = 70.0 * (r_score + f_score + m_score) / 15.0
    needs_points = 3.0 * min(categories, 3) + 3.0 * min(needs, 2)
    return round(clamp(value + TIER_BONUS.get(tier, 0.0) + needs_points), 2)


def interact_score(count, days_since_last, window_days, planned, overdue):
    """Volume (40), recency (30), a planned next step (30), minus overdue (10 each):
    at most 100, like the other components."""
    volume = 4.0 * min(count, 10)
    recency = 0.0
    if (
        days_since_last is not None
        and window_days > 0
        and days_since_last <= window_days
    ):
        recency = 30.0 * (1.0 - days_since_last / window_days)
    planned_points = 30.0 if planned else 0.0
    penalty = 10.0 * min(overdue, 3)
    return round(clamp(volume + recency + planned_points - penalty), 2)


def customize_score(customized, quotes_sent, quotes_confirmed, campaigns, rewards=0):
    """Customization applied (40), offer uptake (40), segment communications (20),
    loyalty rewards used (10 an order, up to 2); at most 100."""
    applied = 40.0 if customized else 0.0
    uptake = 40.0 * quotes_confirmed / quotes_sent if quotes_sent else 0.0
    mails = 10.0 * min(campaigns, 2)
    loyalty = 10.0 * min(rewards, 2)
    return round(clamp(applied + uptake + mails + loyalty), 2)


def idic_score(components, weights):
    """Weighted mean of the four components; weights sum to 100."""
    total = sum(weights)
    if not total:
        return 0.0
    return round(
        sum(c * w for c, w in zip(components, weights, strict=True)) / total, 2
    )


def matched_repeat_rates(cells):
    """Members against comparable non-members, cell by cell (a cell: customers of
    one value tier and RFM segment at the time). ``cells``: {cell: (members,
    members who bought again, non-members, non-members who bought again)}.

    Returns (members, members' repeat rate %, comparable members, comparable
    non-members, their repeat rate % weighted by the members of each cell): the
    rate the members would have had if they had bought like the customers of
    their cells who were not members. Cells without non-members are left out of
    the comparison."""
    members = sum(cell[0] for cell in cells.values())
    repeated = sum(cell[1] for cell in cells.values())
    compared = [cell for cell in cells.values() if cell[2] and cell[0]]
    weight = sum(cell[0] for cell in compared)
    others = sum(cell[2] for cell in compared)
    matched = (
        100.0 * sum(cell[0] * cell[3] / cell[2] for cell in compared) / weight
        if weight
        else 0.0
    )
    rate = 100.0 * repeated / members if members else 0.0
    return members, round(rate, 1), weight, others, round(matched, 1)
