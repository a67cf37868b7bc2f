"""Other programs' files, one module per format, each a pair of pure functions: `read_*`
turns a file into values (contacts, `contact.Contact`, yielded one at a time, so a large
file is never held in memory; the core's `import_contacts` writes them), `write_*` turns
rows into text.
"""
