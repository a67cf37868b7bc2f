"""The people page's facets, read from counts the journal keeps (schema 4, people_counts).

Datasette counts a facet by grouping every row of the table, on every view of the page:
at 100,000 people that costs more than the rest of the page, and the tags facet runs out
of time altogether. For the whole people table of a journal, the `counted` facet reads
the counts the triggers keep instead. Filtered or searched, the rows that are left are
counted as usual: columns by Datasette's own column facet, a journal's tags by (person,
tag) pairs. Either way the page shows the same facets with the same links as Datasette's
column and array facets; on another table or database, it is those facets.

In metadata.yml: `- counted: city`, and `- counted: {column: tags, array: true}`.
"""

from __future__ import annotations

from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet, ColumnFacet, Facet
from datasette.utils import path_with_added_args, path_with_removed_args

from journal.schema.derived import FACET_ARRAY, FACET_COLUMNS, FOUND_KINDS
from journal.schema.migrations import IS_JOURNAL_SQL

KEPT = {*FACET_COLUMNS, FACET_ARRAY, FOUND_KINDS}


def column_of(config: dict) -> str:
    return config.get("column") or config["simple"]


class CountedFacet(Facet):
    type = "counted"

    async def facet_results(self):
        configs = self.get_configs()
        if not configs:
            return [], []
        journal = self.table == "people" and await self.counts_kept()
        kept = [c for c in configs if column_of(c["config"]) in KEPT]
        whole = not self.params and self.sql.rstrip().endswith("from people")
        if journal and whole and kept:
            live = [c for c in configs if c not in kept]
            results, timed_out = await self.counted_live(live, journal)
            return [*(await self.kept_counts(kept)), *results], timed_out
        return await self.counted_live(configs, journal)

    async def counts_kept(self) -> bool:
        """A journal (from schema 4 on, which keeps the counts)."""
        found = await self.ds.get_database(self.database).execute(
            f"SELECT {IS_JOURNAL_SQL}"
            " AND EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'people_counts')"
        )
        return bool(found.first()[0])

    async def counted_live(self, configs: list[dict], journal: bool) -> tuple[list, list]:
        """Count the rows left. Datasette's array facet joins every column of every row to
        its tags (simonw/datasette#448), ten times slower on people than counting
        (person, tag) pairs, which this does for a journal's people."""
        results, timed_out = [], []
        arrays = [c for c in configs if c["config"].get("array")]
        columns = [c for c in configs if c not in arrays]
        if journal:
            for source_and_config in arrays:
                column = column_of(source_and_config["config"])
                try:
                    rows = await self.execute(
                        f"SELECT value, count(*) AS count FROM (SELECT DISTINCT p.id, t.value"
                        f" FROM ({self.sql}) p, json_each(p.[{column}]) t)"
                        " GROUP BY value ORDER BY count DESC, value LIMIT :_facet_limit",
                        {**dict(self.params), "_facet_limit": self.get_facet_size() + 1},
                    )
                except QueryInterrupted:
                    timed_out.append(column)
                    continue
                results.append(self.result(source_and_config, rows, {}))
            arrays = []
        for kind, mine in ((ColumnFacet, columns), (ArrayFacet, arrays)):
            if not mine:
                continue
            facet = kind(
                self.ds,
                self.request,
                self.database,
                sql=self.sql,
                table=self.table,
                params=self.params,
                metadata=self.metadata,
                row_count=self.row_count,
            )
            facet.get_configs = lambda mine=mine: mine
            found, late = await facet.facet_results()
            results += found
            timed_out += late
        return results, timed_out

    async def execute(self, sql: str, params: dict):
        return (
            await self.ds.execute(
                self.database,
                sql,
                params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )
        ).rows

    async def kept_counts(self, configs: list[dict]) -> list[dict]:
        """What ColumnFacet and ArrayFacet would give for the whole table, from the counts."""
        results = []
        for source_and_config in configs:
            config = source_and_config["config"]
            column = column_of(config)
            rows = await self.execute(
                "SELECT value, count FROM people_counts WHERE facet = :facet"
                " ORDER BY count DESC, value LIMIT :limit",
                {"facet": column, "limit": self.get_facet_size() + 1},
            )
            labels = {}
            if not config.get("array"):
                values = [row["value"] for row in rows]
                labels = await self.ds.expand_foreign_keys(self.database, "people", column, values)
            results.append(self.result(source_and_config, rows, labels))
        return results

    def result(self, source_and_config: dict, rows: list, labels: dict) -> dict:
        """One facet as Datasette's column and array facets give it: values with counts
        and the links that add (or, when selected, remove) each value as a filter."""
        config = source_and_config["config"]
        column, array = column_of(config), bool(config.get("array"))
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        arg = f"{column}__arraycontains" if array else column
        values = []
        for row in rows[:size]:
            value = str(row["value"]) if array else row["value"]
            selected = (arg, str(value)) in pairs
            change = path_with_removed_args if selected else path_with_added_args
            toggle = change(self.request, {arg: str(value) if selected else value})
            values.append(
                {
                    "value": value,
                    "label": labels.get((column, row["value"]), value),
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                    "selected": selected,
                }
            )
        return {
            "name": column,
            "type": "array" if array else "column",
            "hideable": source_and_config["source"] != "metadata",
            "toggle_url": self.ds.urls.path(
                path_with_removed_args(self.request, {f"_facet_{self.type}": column})
            ),
            "results": values,
            "truncated": len(rows) > size,
        }
