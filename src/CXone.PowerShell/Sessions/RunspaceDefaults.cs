using System.Runtime.CompilerServices;

namespace CXone.PowerShell.Sessions
{
    /// <summary>
    /// One default value per key, held weakly by the key (a runspace), so each runspace has its own default
    /// session and a closed runspace does not keep its session alive. No process-wide default exists
    /// (docs/architecture.md, rules of the house 3). Thread-safe.
    /// </summary>
    /// <typeparam name="T">The value type (a session).</typeparam>
    internal sealed class RunspaceDefaults<T>
        where T : class
    {
        private readonly ConditionalWeakTable<object, StrongBox<T?>> _table = new ConditionalWeakTable<object, StrongBox<T?>>();

        /// <summary>The default for <paramref name="key"/>, or null (also for a null key).</summary>
        public T? Get(object? key)
        {
            return key != null && _table.TryGetValue(key, out var box) ? box.Value : null;
        }

        /// <summary>Sets (or with null clears) the default for <paramref name="key"/>; a null key is ignored.</summary>
        public void Set(object? key, T? value)
        {
            if (key is null)
            {
                return;
            }

            _table.GetValue(key, _ => new StrongBox<T?>()).Value = value;
        }

        /// <summary>Clears the default of <paramref name="key"/> only if it is <paramref name="value"/>.</summary>
        /// <returns>True when it was cleared.</returns>
        public bool ClearIf(object? key, T value)
        {
            if (key != null && _table.TryGetValue(key, out var box) && ReferenceEquals(box.Value, value))
            {
                box.Value = null;
                return true;
            }

            return false;
        }
    }
}
