"""The Taxation context: an assessment per transfer case, issued by rule and reviewable by tax officers."""
