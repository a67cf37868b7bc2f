"""The options several commands share, declared once: their names, metavars and help."""

from typing import Annotated, Literal

import typer

from journal.cli import completion
from journal.fields import FOUND_VIA, INTERACTION_KINDS

How = Literal[FOUND_VIA]  # type: ignore[valid-type]
Kind = Literal[INTERACTION_KINDS]  # type: ignore[valid-type]


def repeatable(flag: str, metavar: str, help: str, complete=None):
    """A list option given once per value: `--tag press --tag ai`."""
    return Annotated[
        list[str] | None,
        typer.Option(flag, metavar=metavar, help=f"{help} Repeatable.", autocompletion=complete),
    ]


PersonArg = Annotated[
    str,
    typer.Argument(
        metavar="PERSON", help="Id, handle, email or name.", autocompletion=completion.people
    ),
]
HandleOpt = repeatable(
    "--handle", "H", "@name (X), @name@host (Mastodon), @name.bsky.social, or a profile URL."
)
EmailOpt = repeatable("--email", "EMAIL", "An email address.")
TagOpt = repeatable("--tag", "TAG", "A tag.", completion.tags)
HowOpt = Annotated[How | None, typer.Option("--how", help="How you found them.")]
EventOpt = Annotated[
    str | None,
    typer.Option(
        "--event",
        metavar="NAME|ID",
        help="Where you met: an event whose name holds this, else a new one (+NAME: always new).",
        autocompletion=completion.events,
    ),
]
ViaOpt = Annotated[
    str | None,
    typer.Option(
        "--via",
        metavar="PERSON",
        help="Who introduced, mentioned or pointed them out: found as PERSON is, else a new"
        " person (+NAME: always new).",
        autocompletion=completion.people,
    ),
]
NewOpt = Annotated[
    bool,
    typer.Option("--new", help="Add them even if the journal has someone of that name."),
]
MetOpt = Annotated[str | None, typer.Option("--met", metavar="DATE", help="When you met.")]
StoryOpt = Annotated[
    str | None, typer.Option(metavar="TEXT", help="How you met (Markdown); - reads stdin.")
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="Anything else; - reads stdin.")
]
EditOpt = Annotated[
    bool, typer.Option("--edit", help="Write it in $VISUAL or $EDITOR, on a template.")
]
DueOpt = Annotated[
    str | None, typer.Option("--due", metavar="DATE", help="When the follow-up is due.")
]
InOpt = Annotated[
    str | None,
    typer.Option(
        "--in",
        metavar="CITY",
        help="Tie the follow-up to a city: next time there.",
        autocompletion=completion.cities,
    ),
]
EveryOpt = Annotated[
    str | None,
    typer.Option("--every", metavar="PERIOD", help="Repeat the follow-up: 2w, 3m, monthly..."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
Text = Annotated[str | None, typer.Option(metavar="TEXT")]
BirthdayOpt = Annotated[
    str | None,
    typer.Option(
        "--birthday", metavar="DATE", help="Their birthday, the year optional: 1985-04-07, 04-07."
    ),
]
CityOpt = Annotated[
    str | None, typer.Option("--city", metavar="CITY", autocompletion=completion.cities)
]
CompanyOpt = Annotated[
    str | None, typer.Option("--company", metavar="NAME", autocompletion=completion.companies)
]
