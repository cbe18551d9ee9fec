using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

public class TestFilesTests
{
    [TestCase("tests/ReviewBot.Tests/Jobs/InProcessJobQueueTests.cs")]
    [TestCase("test/unit/parser.js")]
    [TestCase("src/components/__tests__/Button.tsx")]
    [TestCase("server/mux_test.go")]
    [TestCase("pkg/test_inventory.py")]
    [TestCase("pkg/inventory_test.py")]
    [TestCase("pkg/conftest.py")]
    [TestCase("src/cart.test.ts")]
    [TestCase("src/cart.spec.js")]
    [TestCase("src/Cart.spec.tsx")]
    [TestCase("src/ReviewBot/OrderServiceTests.cs")]
    [TestCase("Library/LibraryTest.java")]
    [TestCase("src/test/java/org/example/Library.java")]
    [TestCase("spec/models/user_spec.rb")]
    [TestCase("Shop.UnitTests/Orders.cs")]
    [TestCase(@"tests\Windows\Path.cs")]
    [TestCase("crates/searcher/tests/regression.rs")]
    [TestCase("benches/search.rs")]
    [TestCase("crates/core/src/flags_test.rs")]
    [TestCase("crates/core/src/parse_tests.rs")]
    public void Test_code_is_recognised(string path) => Assert.That(TestFiles.IsTestPath(path), Is.True);

    [TestCase("src/ReviewBot/Jobs/JobWorker.cs")]
    [TestCase("src/testing_utils.go")]
    [TestCase("pkg/contest.py")]
    [TestCase("src/Contests.cs")]
    [TestCase("src/latest.ts")]
    [TestCase("src/main/java/org/example/Latest.java")]
    [TestCase("docs/testimonials.md")]
    [TestCase("attestation/verify.py")]
    [TestCase("crates/core/src/latest.rs")]
    [TestCase("crates/benchmark/src/lib.rs")]
    [TestCase("")]
    public void Other_code_is_not(string path) => Assert.That(TestFiles.IsTestPath(path), Is.False);
}
