"""Stage 1, load: read kommune files strictly (YAML 1.2 values, duplicate keys, hidden characters, size limits),
keep where every key and value stands, and read the kommune register. Problems are values, never exceptions."""
