"""The fixed vocabularies of the journal, shared by the schema, the store and the CLI."""

FOUND_VIA = ("event", "job-lead", "mention", "introduction", "online", "other")
INTERACTION_KINDS = ("met", "call", "email", "message", "meeting", "note")
NETWORKS = ("twitter", "mastodon", "bluesky", "linkedin", "github", "web")
FOLLOW_UP_STATUSES = ("open", "done", "dropped")

# What `edit --clear FIELD` accepts, and the column each empties.
CLEARABLE = {
    "company": "company",
    "role": "role",
    "city": "city",
    "phone": "phone",
    "notes": "notes",
    "how": "found_via",
    "event": "event_id",
    "via": "via_id",
    "met": "met_on",
    "where": "met_where",
    "link": "source_url",
    "story": "story",
}
CLEAR_CHOICES = (*CLEARABLE, "tags", "handles", "emails")

# Fields of a person that hold one plain value each, in the order a card shows them.
PERSON_FIELDS = (
    "name",
    "company",
    "role",
    "city",
    "phone",
    "notes",
    "found_via",
    "met_on",
    "met_where",
    "source_url",
    "story",
)
