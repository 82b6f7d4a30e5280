"""The ledger: brands, agencies, deals and everything recorded against a deal."""
