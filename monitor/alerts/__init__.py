"""Alerts: the outbox, the message built for each channel, and the webhook and email senders."""
