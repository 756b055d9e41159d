"""The voice assistant: phone numbers tied to personas, calls over Twilio ConversationRelay, transcripts,
recordings, per-turn latency and post-call analysis."""
