"""Every text a user sees, in one package: one module per feature, reviewed and translated together."""
