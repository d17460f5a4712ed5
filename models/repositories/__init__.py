"""Repositories: queries over the models. They never commit; services own transactions."""
