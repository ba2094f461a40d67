// The soak tests measure the whole process (threads, heap, descriptors): one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
