using System.Data.Common;

namespace Relearn.Core.Metadata;

/// <summary>Commands with <c>@name</c> parameters on any ADO.NET connection: the one way the store's SQL classes build and read them.</summary>
internal static class SqlCommands
{
    /// <summary>A command in <paramref name="transaction"/> when given; null values are sent as SQL NULL.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs a query, maps every row, and disposes the command.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken token)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<T>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(map(reader));
            }
            return rows;
        }
    }
}
