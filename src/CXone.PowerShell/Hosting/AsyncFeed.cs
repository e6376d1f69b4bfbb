using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace CXone.PowerShell.Hosting
{
    /// <summary>
    /// Pipeline input handed to a Core call that is already running: the pipeline thread <see cref="Add"/>s items
    /// (after ShouldProcess) as they arrive, Core reads them as an <see cref="IAsyncEnumerable{T}"/>, and
    /// <see cref="Complete"/> ends the sequence. One reader. Thread-safe.
    /// </summary>
    /// <typeparam name="T">The item type (a recording or a contact id).</typeparam>
    internal sealed class AsyncFeed<T> : IAsyncEnumerable<T>
    {
        private readonly ConcurrentQueue<T> _items = new ConcurrentQueue<T>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private volatile bool _completed;

        /// <summary>Items added so far.</summary>
        public int Count { get; private set; }

        /// <summary>Adds one item for the reader.</summary>
        public void Add(T item)
        {
            _items.Enqueue(item);
            Count++;
            _available.Release();
        }

        /// <summary>Ends the sequence after the items already added.</summary>
        public void Complete()
        {
            if (!_completed)
            {
                _completed = true;
                _available.Release();
            }
        }

        /// <summary>Reads the items as they are added until <see cref="Complete"/>.</summary>
        public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (_items.TryDequeue(out var item))
                {
                    yield return item;
                }
                else if (_completed)
                {
                    yield break;
                }
            }
        }
    }
}
