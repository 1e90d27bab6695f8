"""The worksheet's screens: main, source view, verdict editor, forms, help, sheet picker."""
