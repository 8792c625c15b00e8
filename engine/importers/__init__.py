"""Importers: other tools' framework libraries turned into cyberplan framework plugins.

- `ciso_assistant`: a CISO Assistant library YAML (framework, reference controls, mapping sets);
- `oscal`: an OSCAL catalog or resolved profile catalog (JSON or YAML);
- `defaults`: what an import decides the same way whatever the source (scales, graded questions,
  the default ruleset, placeholder controls, example answers);
- `costs`: filling placeholder estimates from a CSV or YAML file;
- `plugin_writer`: the pip-installable plugin folder, in the layout of `cyberplan new framework`.
"""
