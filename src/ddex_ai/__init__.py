"""ddex-ai: check the AI-disclosure metadata of DDEX ERN release deliveries."""

__version__ = "0.1.0"
