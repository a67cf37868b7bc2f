"""The journal's schema: the frozen history of its migrations and the live derived builders."""
