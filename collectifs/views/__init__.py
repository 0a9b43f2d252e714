"""Pages of the collectifs app, one module per audience: public (the list, a
collectif's page, its contact form), membres (declaring, joining, one's own
collectifs), gestion (the animateurs' pages), reconnaissance (the département's body);
outils holds what they share."""
