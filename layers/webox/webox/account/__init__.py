"""The account: settings, own provider keys, data export and deletion (served by the dashboard function)."""
