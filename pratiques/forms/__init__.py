"""The forms of pratiques, one module per audience and job.

- fiche: the author's editor, FicheForm and the sections of its page;
- lignes: its rows (partners, links, sources) as formsets;
- saisie: SaisieFiche, the editor and its rows bound as one form;
- champs: building blocks of the editor's fields (vocabularies, flexible dates);
- gabarits: which template renders a field, which id the error summary links to;
- documents: attaching a document to a fiche;
- contact: a visitor's message to a porteur, with its anti-bot token;
- moderation: a moderator's decision, and archiving.
"""
