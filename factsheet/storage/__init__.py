"""Where a sheet lives on disk: the file format, atomic writes, and the store.

    fileformat.py   the TinyDB JSON layout (stock TinyDB opens it), encoding, upgrades
    layout.py       reading a file in that layout a chunk of records at a time
    encoder.py      encoding a save, copying unchanged records from the file it replaces
    atomic.py       durable file replacement, and saving on a background thread
    store.py        an open sheet: records in memory, transactions, saving without
                    ever replacing a file it has not seen, undo

Only `factsheet.sheet` uses the store (an import-linter contract checks it); other
modules that write files (archives, exports) use `atomic`.
"""
