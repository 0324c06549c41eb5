"""attribute_job.py - "depeer attribute" as the mapper of a Dask job.

Run by tests/cli/t0424-attribute-dask.sh with Debian's python3 (the one
with python3-distributed):

    attribute_job.py DEPEER TABLE_FILE OUTDIR LOG...

It starts a distributed.LocalCluster of two worker processes with one
thread each, bound to the loopback interface, gives each worker its own
share of the logs (every other file), has each run
"depeer attribute --table-file TABLE_FILE" over its share as a
subprocess, and writes the partial CSVs the workers return to
OUTDIR/part-N.csv, with OUTDIR/workers.txt naming the worker process
that made each part.  The reducer ("depeer attribute --merge") and the
comparison with one run over every file are the test's.  The cluster is
closed however the job ends.
"""
import os
import subprocess
import sys


def count(depeer, table, paths):
    """One mapper: the counts of paths, and the process that made them."""
    out = subprocess.run([depeer, "attribute", "--table-file", table,
                          *paths], check=True, capture_output=True,
                         text=True, timeout=60)
    return os.getpid(), out.stdout


def main():
    from distributed import Client, LocalCluster

    depeer, table, outdir, logs = (sys.argv[1], sys.argv[2], sys.argv[3],
                                   sys.argv[4:])
    shares = [logs[0::2], logs[1::2]]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None,
                      local_directory=outdir) as cluster, \
            Client(cluster) as client:
        workers = sorted(client.scheduler_info()["workers"])
        if len(workers) != 2:
            sys.exit("expected 2 workers, got %d" % len(workers))
        # Each share pinned to its own worker, so that both work.
        futures = [client.submit(count, depeer, table, share,
                                 workers=[w], allow_other_workers=False,
                                 pure=False)
                   for share, w in zip(shares, workers)]
        results = client.gather(futures)
    with open(os.path.join(outdir, "workers.txt"), "w") as f:
        for i, (pid, csv) in enumerate(results):
            with open(os.path.join(outdir, "part-%d.csv" % i), "w") as p:
                p.write(csv)
            f.write("%d\n" % pid)


if __name__ == "__main__":
    main()
