namespace Relearn.Core.Pipelines.Definition;

/// <summary>Dependency order of a pipeline's stages, and what lies downstream of a stage.</summary>
public static class PipelineGraph
{
    /// <summary>The stages so that each comes after everything it waits for (file order among equals); a cycle is an error naming it.</summary>
    public static IReadOnlyList<StageDefinition> Order(PipelineDefinition pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var byName = pipeline.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var ordered = new List<StageDefinition>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        var path = new List<string>();

        void Visit(StageDefinition stage)
        {
            if (state.TryGetValue(stage.Name, out var done))
            {
                if (!done)
                {
                    var cycle = path.Skip(path.IndexOf(stage.Name)).Append(stage.Name);
                    throw RelearnException.Invalid($"stage {stage.Name}: dependency cycle {string.Join(" -> ", cycle)}");
                }
                return;
            }
            state[stage.Name] = false;
            path.Add(stage.Name);
            foreach (var upstream in stage.Upstream)
            {
                if (byName.TryGetValue(upstream, out var next))
                {
                    Visit(next);
                }
            }
            path.RemoveAt(path.Count - 1);
            state[stage.Name] = true;
            ordered.Add(stage);
        }

        foreach (var stage in pipeline.Stages)
        {
            Visit(stage);
        }
        return ordered;
    }
}
