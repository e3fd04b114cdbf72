"""Parameterised Cypher for the graph projection. Nothing here is built from input text.

Every node carries `ns` (the deployment or test run) and `uid` = ns + ':' + id, which is unique
by constraint. A row is applied only when its `seq` is newer than the node's (or edge's) `seq`.
Nodes referenced before their own registration arrives are created as placeholders with
`pending = true` (the reference is parked on them) and completed when the registration comes.
"""

from matching.domain.projection import ROW_ORDER

CONSTRAINTS = (
    "CREATE CONSTRAINT initiative_uid IF NOT EXISTS FOR (n:Initiative) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT partner_uid IF NOT EXISTS FOR (n:Partner) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT need_offer_uid IF NOT EXISTS FOR (n:NeedOffer) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT match_uid IF NOT EXISTS FOR (n:Match) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT region_uid IF NOT EXISTS FOR (n:Region) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT theme_uid IF NOT EXISTS FOR (n:Theme) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT outbox_uid IF NOT EXISTS FOR (n:Outbox) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT batch_lock_uid IF NOT EXISTS FOR (n:BatchLock) REQUIRE n.uid IS UNIQUE",
    "CREATE CONSTRAINT learned_uid IF NOT EXISTS FOR (n:LearnedWeights) REQUIRE n.uid IS UNIQUE",
    "CREATE INDEX match_ns IF NOT EXISTS FOR (n:Match) ON (n.ns, n.status)",
    "CREATE INDEX match_pending IF NOT EXISTS FOR (n:Match) ON (n.pending)",
    # the coordinators' decisions, read at a worker's first batch and after feedback
    "CREATE INDEX match_feedback IF NOT EXISTS FOR (n:Match) ON (n.ns, n.feedback)",
    "CREATE CONSTRAINT rebuild_mark_uid IF NOT EXISTS FOR (n:RebuildMark) REQUIRE n.uid IS UNIQUE",
    "CREATE INDEX partner_ns IF NOT EXISTS FOR (n:Partner) ON (n.ns)",
    "CREATE INDEX initiative_ns IF NOT EXISTS FOR (n:Initiative) ON (n.ns)",
    "CREATE INDEX partner_version IF NOT EXISTS FOR (n:Partner) ON (n.ns, n.v)",
    "CREATE INDEX initiative_version IF NOT EXISTS FOR (n:Initiative) ON (n.ns, n.v)",
    "CREATE INDEX need_offer_version IF NOT EXISTS FOR (n:NeedOffer) ON (n.ns, n.v)",
)

# The batch version on every node a batch wrote or referenced (see GraphReader.written_since).
# One query for the three labels: two round trips fewer per batch, each of which also waits for
# the worker's event loop while a batch is being decided.
STAMP_VERSION = """
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Partner {uid: $ns + ':' + id}) RETURN n
  UNION MATCH (n:Initiative {uid: $ns + ':' + id}) RETURN n
  UNION MATCH (n:NeedOffer {uid: $ns + ':' + id}) RETURN n
}
SET n.v = $version
"""

REFERENCE_REGIONS = """
UNWIND $rows AS row
MERGE (r:Region {uid: $ns + ':region:' + row.code})
SET r.ns = $ns, r.code = row.code, r.name_nl = row.name_nl, r.name_en = row.name_en, r.level = row.level
WITH r, row WHERE row.parent IS NOT NULL
MERGE (p:Region {uid: $ns + ':region:' + row.parent})
MERGE (r)-[:PART_OF]->(p)
"""

REFERENCE_THEMES = """
UNWIND $rows AS row
MERGE (t:Theme {uid: $ns + ':theme:' + row.slug})
SET t.ns = $ns, t.slug = row.slug, t.name_nl = row.name_nl, t.name_en = row.name_en
WITH t, row WHERE row.parent IS NOT NULL
MERGE (p:Theme {uid: $ns + ':theme:' + row.parent})
MERGE (t)-[:SUBTHEME_OF]->(p)
"""

_LINKS = """
WITH n, row
CALL (n, row) {
  WITH n, row WHERE row.themes IS NOT NULL
  OPTIONAL MATCH (n)-[old:ABOUT]->(:Theme)
  DELETE old
  WITH DISTINCT n, row
  UNWIND row.themes AS slug
  MATCH (t:Theme {uid: $ns + ':theme:' + slug})
  MERGE (n)-[:ABOUT]->(t)
}
WITH n, row
CALL (n, row) {
  WITH n, row WHERE row.regions IS NOT NULL
  OPTIONAL MATCH (n)-[old:LOCATED_IN]->(:Region)
  DELETE old
  WITH DISTINCT n, row
  UNWIND row.regions AS code
  MATCH (r:Region {uid: $ns + ':region:' + code})
  MERGE (n)-[:LOCATED_IN]->(r)
}
"""

UPSERT = {
    "initiative.upsert": """
UNWIND $rows AS row
MERGE (n:Initiative {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0, n.pending = true
WITH n, row WHERE row.seq > n.seq
SET n += row.props, n.seq = row.seq
"""
    + _LINKS
    + """
WITH n, row
CALL (n, row) {
  WITH n, row WHERE row.parent_id IS NOT NULL
  MERGE (p:Initiative {uid: $ns + ':' + row.parent_id})
    ON CREATE SET p.ns = $ns, p.id = row.parent_id, p.seq = 0, p.pending = true
  MERGE (n)-[:PART_OF]->(p)
}
""",
    "partner.upsert": """
UNWIND $rows AS row
MERGE (n:Partner {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0, n.pending = true
WITH n, row WHERE row.seq > n.seq
SET n += row.props, n.seq = row.seq
"""
    + _LINKS,
    "initiative.set": """
UNWIND $rows AS row
MERGE (n:Initiative {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0, n.pending = true
WITH n, row WHERE row.seq > n.seq
SET n += row.props, n.seq = row.seq
""",
    "need_offer.set": """
UNWIND $rows AS row
MERGE (n:NeedOffer {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0, n.pending = true
WITH n, row WHERE row.seq > n.seq
SET n += row.props, n.seq = row.seq
""",
    "membership": """
UNWIND $rows AS row
MERGE (p:Partner {uid: $ns + ':' + row.partner_id})
  ON CREATE SET p.ns = $ns, p.id = row.partner_id, p.seq = 0, p.pending = true
MERGE (i:Initiative {uid: $ns + ':' + row.initiative_id})
  ON CREATE SET i.ns = $ns, i.id = row.initiative_id, i.seq = 0, i.pending = true
MERGE (p)-[m:MEMBER_OF]->(i)
  ON CREATE SET m.seq = 0
WITH m, row WHERE row.seq > m.seq
SET m += row.props, m.seq = row.seq
""",
    "feedback": """
UNWIND $rows AS row
MERGE (m:Match {uid: $ns + ':' + row.id})
  ON CREATE SET m.ns = $ns, m.id = row.id, m.status = 'unknown', m.revision = 0
SET m.feedback = row.feedback, m.feedback_by = row.by, m.feedback_at = row.at
""",
}

_NEED_OFFER = """
UNWIND $rows AS row
MERGE (n:NeedOffer {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0
WITH n, row WHERE row.seq > n.seq
SET n += row.props, n.seq = row.seq
MERGE (pub:%s {uid: $ns + ':' + row.publisher_id})
  ON CREATE SET pub.ns = $ns, pub.id = row.publisher_id, pub.seq = 0, pub.pending = true
MERGE (pub)-[:PUBLISHES]->(n)
"""
UPSERT["need_offer.upsert.partner"] = (_NEED_OFFER % "Partner") + _LINKS.replace(
    "row.regions IS NOT NULL", "false"
)
UPSERT["need_offer.upsert.initiative"] = (_NEED_OFFER % "Initiative") + _LINKS.replace(
    "row.regions IS NOT NULL", "false"
)

# The registry's stale mark (profile freshness) carries the aggregate's current sequence, which
# it does not move: applied unless the node already holds a later event (a confirmation).
_STALE = """
UNWIND $rows AS row
MERGE (n:%s {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0, n.pending = true
WITH n, row WHERE row.seq >= n.seq
SET n += row.props
"""
UPSERT["partner.stale"] = _STALE % "Partner"
UPSERT["initiative.stale"] = _STALE % "Initiative"
UPSERT["need_offer.stale"] = _STALE % "NeedOffer"

# The registry's ENoLL label (partner.label-awarded): set whatever the node's sequence (no
# owner's event sets these keys), the latest label year kept; the node's sequence is not moved.
UPSERT["partner.label"] = """
UNWIND $rows AS row
MERGE (n:Partner {uid: $ns + ':' + row.id})
  ON CREATE SET n.ns = $ns, n.id = row.id, n.seq = 0, n.pending = true
WITH n, row WHERE n.enoll_label_year IS NULL OR row.label_year >= n.enoll_label_year
SET n += row.props
"""

# A duplicate merged into its survivor (partner.merged, at the duplicate's sequence): marked
# `merged_into`; each of its current memberships is copied to the survivor unless the survivor
# has a membership of that initiative (current or ended; same role, helix and since, at edge
# sequence 0 so the survivor's own later events apply, with `merged_from`), and ended on the
# merge date. Two duplicates carrying one initiative: the smaller id's terms, in any order (the
# registry's rule, domain/merging.py there). The node's sequence guard makes a duplicate
# delivery or a replay of the batch change nothing.
UPSERT["partner.merged"] = """
UNWIND $rows AS row
MERGE (d:Partner {uid: $ns + ':' + row.id})
  ON CREATE SET d.ns = $ns, d.id = row.id, d.seq = 0, d.pending = true
MERGE (s:Partner {uid: $ns + ':' + row.survivor_id})
  ON CREATE SET s.ns = $ns, s.id = row.survivor_id, s.seq = 0, s.pending = true
WITH d, s, row WHERE row.seq > d.seq
SET d.merged_into = row.survivor_id, d.seq = row.seq
WITH d, s, row
CALL (d, s, row) {
  MATCH (d)-[m:MEMBER_OF]->(i:Initiative) WHERE m.until IS NULL
  MERGE (s)-[c:MEMBER_OF]->(i)
    ON CREATE SET c.seq = 0, c.role = m.role, c.helix = m.helix, c.since = m.since,
      c.merged_from = row.id
    ON MATCH SET c += CASE WHEN c.merged_from IS NOT NULL AND row.id < c.merged_from
      THEN {role: m.role, helix: m.helix, since: m.since, merged_from: row.id} ELSE {} END
  SET m.until = row.on, m.left_reason = 'merged', m.seq = row.seq
}
"""

WRITE_ORDER = ROW_ORDER  # within a wave (domain/projection.py)
