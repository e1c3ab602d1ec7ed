"""The pipeline version: bump it whenever extraction output may change, so stored records are redone."""

PIPELINE_VERSION = "0.2.0"
