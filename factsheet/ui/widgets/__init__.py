"""The worksheet's panes."""
