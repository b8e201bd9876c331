"""Upload jobs at run time: the replica's analysis slots, its spool directory and the job runner."""
