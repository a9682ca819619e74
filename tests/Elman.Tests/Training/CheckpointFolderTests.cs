using Elman.Data.Tasks;
using Elman.Model;
using Elman.Numerics;
using Elman.Training;

namespace Elman.Tests.Training;

public sealed class CheckpointFolderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("elman-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Keeps_the_newest_checkpoints_and_finds_the_latest()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 4, 1, 4), 1);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 3, BatchSize = 8, Seed = 1 });
        var folder = new CheckpointFolder(Path.Combine(_dir, "run"), keep: 2);
        var written = new List<string>();
        trainer.CheckpointEverySteps = 2;
        trainer.CheckpointDue = state => written.Add(folder.Write(state));
        trainer.Fit(TemporalOrderTask.Generate(40, 10, new SeededRandom(1)));

        Assert.True(written.Count > 4);
        var left = Directory.GetFiles(folder.Path).Order().ToArray();
        Assert.Equal(written.TakeLast(2).Order(), left);
        Assert.Equal(written[^1], CheckpointFolder.Latest(folder.Path));
        Assert.Equal(written[^1], CheckpointFolder.Latest(written[^1]));
        Assert.True(TrainingState.FromFile(Elman.IO.SafeTensorsFile.Read(written[^1])).Finished);
    }

    [Fact]
    public void Ensemble_checkpoints_sort_by_member_then_position_and_finished_members_are_kept_apart()
    {
        var model = RnnClassifier<float>.Create(new RnnConfig(0, TemporalOrderTask.InputSize, 4, 1, 4), 1);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 3, BatchSize = 8, Seed = 1 });
        var states = new List<TrainingState>();
        trainer.CheckpointEveryEpochs = 1;
        trainer.CheckpointDue = states.Add;
        trainer.Fit(TemporalOrderTask.Generate(16, 10, new SeededRandom(1)));
        var state = states[^1];
        string path = Path.Combine(_dir, "run");
        string late = new CheckpointFolder(path, keep: 5) { Member = 0 }.Write(state);
        string early = new CheckpointFolder(path, keep: 5) { Member = 1 }.Write(states[0]);
        Assert.EndsWith("ckpt-m000-e00004-s0000000.safetensors", late);
        Assert.EndsWith("ckpt-m001-e00002-s0000000.safetensors", early);
        Assert.Equal(early, CheckpointFolder.Latest(path));   // member 2's first checkpoint is after member 1's last

        var folder = new CheckpointFolder(path, keep: 1) { Member = 1 };
        string member = folder.WriteMember(0, state);
        folder.Write(states[1]);   // prunes every older checkpoint, never a member's final state
        Assert.True(File.Exists(member));
        Assert.Equal(2, Directory.GetFiles(path).Length);
        Assert.Equal(state.Weights, CheckpointFolder.ReadMember(path, 0).Weights);
        Assert.Contains("member-001.safetensors: missing", Assert.Throws<ElmanException>(() => CheckpointFolder.ReadMember(path, 1)).Message);

        File.WriteAllText(Path.Combine(path, ".member-001.safetensors.xyz.tmp"), "torn");
        Assert.Equal(1, CheckpointFolder.RemoveStrayTemporaries(path));
    }

    [Fact]
    public void Stray_temporaries_are_ignored_and_removed()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "run"));
        File.WriteAllText(Path.Combine(_dir, "run", ".ckpt-e00001-s0000002.safetensors.abc123.tmp"), "torn");
        Assert.Null(CheckpointFolder.Latest(Path.Combine(_dir, "run")));
        Assert.Equal(1, CheckpointFolder.RemoveStrayTemporaries(Path.Combine(_dir, "run")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "run")));
    }

    [Fact]
    public void A_missing_resume_path_is_a_one_line_error()
        => Assert.Contains("nope: no such checkpoint", Assert.Throws<ElmanException>(() => CheckpointFolder.Latest(Path.Combine(_dir, "nope"))).Message);
}
