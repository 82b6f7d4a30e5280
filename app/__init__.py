"""KOC Ledger (合作账本): a self-hosted ledger of brand deals for micro-creators."""
