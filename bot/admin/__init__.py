"""The coordinator's command line (`peer-circle admin …`) and what its commands share."""
