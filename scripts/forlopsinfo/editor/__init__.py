"""Tools for kommune editors and maintainers: a new file from the template, the status report, the summary of a
pull request, CODEOWNERS, the generated pages of the editor guide, and the register update from SSB."""
