"""Browser journeys against the real production server (``make e2e``)."""
