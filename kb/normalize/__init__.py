"""The normalizer: raw report files in, report pages out, one small pure step at a time."""
