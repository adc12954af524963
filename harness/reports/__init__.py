"""Reports of a run for people and CI: the terminal table, JSON, Markdown (a job summary),
JUnit XML, HTML and GitHub annotations. `files.write_all` writes the report files."""
