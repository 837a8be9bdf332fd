"""Time-limit supervision (电子监察): each case's statutory clock, its pauses, warnings and breaches."""
