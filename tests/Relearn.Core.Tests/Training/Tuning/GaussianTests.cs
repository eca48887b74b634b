using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Training.Tuning;

/// <summary>The hand-written erf and log-mass against Python's <c>math.erf</c>/<c>math.erfc</c>.</summary>
public sealed class GaussianTests
{
    [Theory]
    [InlineData(0.1, 0.1124629160182849, 0.8875370839817152)]
    [InlineData(0.5, 0.5204998778130465, 0.4795001221869535)]
    [InlineData(1.0, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(1.99, 0.995111413199617, 0.004888586800383003)]
    [InlineData(2.0, 0.9953222650189527, 0.004677734981047265)]
    [InlineData(3.0, 0.9999779095030014, 2.2090496998585438e-05)]
    [InlineData(5.0, 0.9999999999984626, 1.5374597944280351e-12)]
    [InlineData(10.0, 1.0, 2.088487583762545e-45)]
    [InlineData(26.0, 1.0, 5.663192408856143e-296)]
    [InlineData(-1.0, -0.8427007929497149, 1.842700792949715)]
    public void ErfAndErfc_MatchReference(double x, double erf, double erfc)
    {
        Assert.Equal(erf, Gaussian.Erf(x), 1e-15);
        Assert.True(Math.Abs(Gaussian.Erfc(x) / erfc - 1) < 1e-13, $"erfc({x}) = {Gaussian.Erfc(x)}, expected {erfc}");
    }

    [Theory]
    [InlineData(-37.0, -689.0305855768905)]
    [InlineData(-30.0, -454.3212439563431)]
    [InlineData(-20.5, -214.06672896326378)]
    [InlineData(-19.5, -194.0169657774975)]
    [InlineData(-5.0, -15.064998393988724)]
    [InlineData(3.0, -0.0013508099647482027)]
    public void LogCdf_MatchesReference_IntoTheFarTail(double z, double expected) =>
        Assert.True(Math.Abs(Gaussian.LogCdf(z) / expected - 1) < 1e-12, $"log Φ({z}) = {Gaussian.LogCdf(z)}, expected {expected}");

    [Theory]
    [InlineData(-1.0, 1.0, -0.38171514630212616)]
    [InlineData(2.0, 3.0, -3.844353426334205)]
    [InlineData(10.0, 10.5, -53.236969371752494)]
    [InlineData(-30.0, -29.0, -424.78741990973026)]
    [InlineData(0.0, 100.0, -0.6931471805599453)]
    public void LogMass_MatchesReference_InBothTails(double a, double b, double expected) =>
        Assert.True(Math.Abs(Gaussian.LogMass(a, b) / expected - 1) < 1e-12, $"log mass({a}, {b}) = {Gaussian.LogMass(a, b)}, expected {expected}");
}
