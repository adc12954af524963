"""Running: extractors over captures in isolated workers, locally or on Dask."""
