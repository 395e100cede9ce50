"""Reads CSV files with Python's csv module (strict), the oracle for our CSV reader.

Usage: read_csv.py DELIMITER FILE...  Prints one JSON object per file, in order, as a JSON array:
{"records": [[field, ...], ...], "error": null or message}; records are those read before an error.
"""

import csv
import json
import sys


def read(path, delimiter):
    records = []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            for record in csv.reader(handle, delimiter=delimiter, strict=True):
                records.append(record)
    except csv.Error as error:
        return {"records": records, "error": str(error)}
    return {"records": records, "error": None}


print(json.dumps([read(path, sys.argv[1]) for path in sys.argv[2:]]))
