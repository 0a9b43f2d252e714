"""People's rights (RGPD): their account, their data, leaving; roles managed by national admins."""
