"""Serializers of the API, one module per domain. Input and output serializers are separate."""
