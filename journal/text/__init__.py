"""What the user types, read the same way at the edge of both faces: dates and periods
(`dates`), handles and names (`handles`), the `met` sentence (`sentence`), the fields of a
new person from any form (`inputs`), and how a value is normalised before it is stored
(`values`). Pure functions: no SQL, no output."""
