"""Off-site copies with Litestream: the journal streamed to replicas and restored from them.

settings.py  which replicas, from the command line, JOURNAL_REPLICAS or replicate.yml, and
             their credentials (from the environment or that file, never printed)
litestream.py  the binary (the `replicate` extra), its configuration, and the processes
             that replicate, watched for what they write and what fails
restore.py   a replica brought back into a new file, checked, then moved into place

What lies beside the journal while it is replicated (the lock that lets one `journal
replicate` run at a time, the status the home page reads) is the core's, in
`journal.db.replica_state`: every connection asks it whether to leave checkpoints alone.
"""
