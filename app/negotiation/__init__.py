"""Negotiation: check an offer, the walk-away fee, a rate card, counter-offer drafts."""
