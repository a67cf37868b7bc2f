"""The fixed vocabularies of the journal, shared by the schema, the store and the CLI."""

FOUND_VIA = ("event", "job-lead", "mention", "introduction", "online", "other")
INTERACTION_KINDS = ("met", "call", "email", "message", "meeting", "note")
NETWORKS = ("twitter", "mastodon", "bluesky", "linkedin", "github", "web")
FOLLOW_UP_STATUSES = ("open", "done", "dropped")

# A person's fields of one plain value, by the names every face gives them (`journal add`
# and `edit`'s options, the forms' fields, the editor's template), with the column each
# fills, in the order a card shows them.
PERSON_COLUMNS = {
    "name": "name",
    "company": "company",
    "role": "role",
    "city": "city",
    "phone": "phone",
    "note": "notes",
    "how": "found_via",
    "met": "met_on",
    "where": "met_where",
    "link": "source_url",
    "story": "story",
}
PERSON_FIELDS = tuple(PERSON_COLUMNS.values())
# The one field the card, `--clear` and the editor's template name as its column.
CARD_NAMES = {"note": "notes"}

# What `edit --clear FIELD` accepts, and the column each empties.
CLEARABLE = {
    **{CARD_NAMES.get(k, k): c for k, c in PERSON_COLUMNS.items() if k != "name"},
    "event": "event_id",
    "via": "via_id",
}
CLEAR_CHOICES = (*CLEARABLE, "tags", "handles", "emails")
